// Encryption of youth data in Temporal: the key ring, the payload codec, the personal-data seal.
export * from './keys.ts';
export * from './codec.ts';
export * from './seal.ts';
