// The HTTP API: build it with `buildApi` (in-process, e.g. for tests with app.inject) or serve it with
// the console (`startConsole` in console/server.ts).
export { buildApi, type ApiContext, type BuildApiOptions } from './app.ts';
export { authPlugin, requireUser } from './auth.ts';
export { createCaseService, type ApiOperations, type CaseService } from './service.ts';
export { apiErrorSchema, HTTP_ERROR_CODES, HttpError, toApiError, type ApiError, type ApiErrorCode } from './errors.ts';
export { buildOpenApi, API_ROUTES } from './routes.ts';
export { openApiDocument, type OpenApiDocument } from './openapi.ts';
export { hashPassword, loadUsers, UserDirectory, verifyPassword, type User } from './users.ts';
export { CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE } from './sessions.ts';
