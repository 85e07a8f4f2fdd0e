import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/** Explanations in the caller's language: English when the client asks for it, Dutch otherwise. */
export const localeFrom = (acceptLanguage?: string): 'nl' | 'en' =>
  /^en\b/i.test(acceptLanguage ?? '') ? 'en' : 'nl';

/** The caller's language from `Accept-Language` (optional; Dutch by default). */
export const RequestLocale = createParamDecorator((_: unknown, ctx: ExecutionContext): 'nl' | 'en' => {
  const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const header = request.headers['accept-language'];
  return localeFrom(typeof header === 'string' ? header : undefined);
});

/** Documents the optional Accept-Language header on a controller whose routes explain in the caller's language. */
export const ApiAcceptLanguage = (): MethodDecorator & ClassDecorator =>
  ApiHeader({
    name: 'Accept-Language',
    required: false,
    description: 'en for English explanations; Dutch otherwise',
  });
