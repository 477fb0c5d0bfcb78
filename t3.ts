import { listProcedures } from './machines/index.ts';
const show = (node: any, depth: number) => {
  const on = Object.entries(node.config.on ?? {}).map(([e, t]: any) => `${e}→${JSON.stringify((Array.isArray(t)?t:[t]).map((x:any)=>typeof x==='string'?x:(x.target??'')+(x.guard?`[${typeof x.guard==='string'?x.guard:x.guard.type}]`:'')))}`);
  console.log(' '.repeat(depth*2) + node.key + (node.type==='final'?' (final)':'') + (on.length? '  ' + on.join(' | '):''));
  for (const c of Object.values(node.states ?? {})) show(c, depth+1);
};
for (const p of listProcedures()) { if (process.argv[2] && p.id !== process.argv[2]) continue; console.log('##', p.id, 'start roles', p.startRoles); show(p.machine.root, 0); }
