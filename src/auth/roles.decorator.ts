import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles.js';

export const REQUIRED_ROLES = 'casework-facade:roles';

/** The caller needs at least one of these roles (checked by RolesGuard, after authentication). */
export const Roles = (...roles: Role[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_ROLES, roles);
