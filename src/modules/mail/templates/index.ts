import { coordinatorInvitation, resetPassword, verifyEmail } from './account.templates';
import {
  eventCancelled,
  eventInvitation,
  eventPlaceAvailable,
  introductionFollowUp,
  stillLooking,
  vacancyAlert,
} from './outreach.templates';
import {
  consentReminder,
  consentRequest,
  coordinatorDigest,
  declineNotice,
  introduction,
} from './introduction.templates';
import { MailTemplate, pickLocale, RenderContext, RenderedMail, TemplateData } from './template';

/** Every mail the system sends, by name. A row naming an unknown template fails without retrying. */
export const TEMPLATES = {
  'verify-email': verifyEmail,
  'reset-password': resetPassword,
  'coordinator-invitation': coordinatorInvitation,
  'consent-request': consentRequest,
  'consent-reminder': consentReminder,
  'decline-notice': declineNotice,
  introduction,
  'coordinator-digest': coordinatorDigest,
  'event-invitation': eventInvitation,
  'event-cancelled': eventCancelled,
  'event-place-available': eventPlaceAvailable,
  'vacancy-alert': vacancyAlert,
  'still-looking': stillLooking,
  'introduction-follow-up': introductionFollowUp,
} satisfies Record<string, MailTemplate>;

export type TemplateName = keyof typeof TEMPLATES;

export class UnknownTemplateError extends Error {}

export function isTemplateName(name: string): name is TemplateName {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, name);
}

export function renderMail(
  name: string,
  locale: string,
  data: TemplateData,
  ctx: RenderContext,
): RenderedMail & { unsubscribeUrl?: string } {
  if (!isTemplateName(name)) throw new UnknownTemplateError(`unknown mail template "${name}"`);
  const template: MailTemplate = TEMPLATES[name];
  const rendered = template[pickLocale(locale)](data, ctx);
  if (template.transactional || !ctx.unsubscribeUrl) return rendered;
  const footer =
    pickLocale(locale) === 'en'
      ? `\n\n--\nNo more of these emails? Unsubscribe with one click: ${ctx.unsubscribeUrl}`
      : `\n\n--\nGeen e-mails meer van deze soort? Meld u met één klik af: ${ctx.unsubscribeUrl}`;
  return { ...rendered, text: rendered.text + footer, unsubscribeUrl: ctx.unsubscribeUrl };
}
