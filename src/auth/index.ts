export { AuthGuard } from './auth.guard';
export { AuthModule } from './auth.module';
export { AUTH_SETTINGS, loadAuthSettings } from './auth.settings';
export type {
  AuthSettings,
  AuthSettingsContext,
  JwksAuthSettings,
  SharedSecretAuthSettings,
} from './auth.settings';
export { CurrentCaller } from './current-caller.decorator';
export type { AuthenticatedRequest } from './current-caller.decorator';
export {
  DEFAULT_DEVELOPMENT_TOKEN,
  developmentBanner,
  DEVELOPMENT_APP_ID,
  DEVELOPMENT_TENANT_ID,
  DEVELOPMENT_USER_ID,
  mintDevelopmentToken,
} from './development-token';
export type { DevelopmentTokenOptions } from './development-token';
export { READ_PERMISSION, READ_WRITE_PERMISSION } from './permissions';
export { Public } from './public.decorator';
export { TokenVerifier } from './token.verifier';
