// The department directory (invites, roles, disabling) and "my sessions": the API; its data lives in src/auth.
export { usersDirectoryRoutes } from './directory.routes.js';
