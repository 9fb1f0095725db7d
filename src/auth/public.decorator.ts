import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'casework-facade:public';

/** Marks a controller or route as reachable without a bearer token (health, dev, metrics). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
