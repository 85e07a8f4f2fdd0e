import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { Env } from './core/config/env';
import { CoreModule } from './core/core.module';

@Module({})
export class ApiRootModule {}

/** The API's root module: shared core wiring plus the HTTP feature modules (controllers live only here). */
export function createApiModule(env: Env, logger: Logger): DynamicModule {
  return { module: ApiRootModule, imports: [CoreModule.forRoot(env, logger, 'api'), AppModule] };
}
