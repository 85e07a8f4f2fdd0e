import { field, MailTemplate, tokenLink } from './template';

export const verifyEmail: MailTemplate = {
  transactional: true,
  nl: (d, ctx) => ({
    subject: 'Bevestig uw e-mailadres voor praktijkmatch',
    text: `Beste ${field(d, 'displayName')},\n\nBevestig uw e-mailadres via deze link:\n${tokenLink(ctx, '/verify-email', field(d, 'token'))}\n\nDe link is 48 uur geldig en werkt één keer.`,
  }),
  en: (d, ctx) => ({
    subject: 'Confirm your email address for praktijkmatch',
    text: `Dear ${field(d, 'displayName')},\n\nPlease confirm your email address with this link:\n${tokenLink(ctx, '/verify-email', field(d, 'token'))}\n\nThe link is valid for 48 hours and works once.`,
  }),
};

export const resetPassword: MailTemplate = {
  transactional: true,
  nl: (d, ctx) => ({
    subject: 'Nieuw wachtwoord instellen voor praktijkmatch',
    text: `Beste ${field(d, 'displayName')},\n\nStel een nieuw wachtwoord in via deze link:\n${tokenLink(ctx, '/reset-password', field(d, 'token'))}\n\nDe link is één uur geldig. Heeft u dit niet aangevraagd? Dan kunt u deze e-mail negeren.`,
  }),
  en: (d, ctx) => ({
    subject: 'Set a new password for praktijkmatch',
    text: `Dear ${field(d, 'displayName')},\n\nSet a new password with this link:\n${tokenLink(ctx, '/reset-password', field(d, 'token'))}\n\nThe link is valid for one hour. If you did not ask for this, you can ignore this email.`,
  }),
};

export const coordinatorInvitation: MailTemplate = {
  transactional: true,
  nl: (d, ctx) => ({
    subject: 'Uitnodiging: coördinator bij praktijkmatch',
    text: `Beste ${field(d, 'displayName')},\n\nU bent uitgenodigd als regiocoördinator voor ${field(d, 'regions')}.\nKies een wachtwoord via deze link:\n${tokenLink(ctx, '/reset-password', field(d, 'token'))}\n\nDe link is 7 dagen geldig.`,
  }),
  en: (d, ctx) => ({
    subject: 'Invitation: coordinator at praktijkmatch',
    text: `Dear ${field(d, 'displayName')},\n\nYou have been invited as regional coordinator for ${field(d, 'regions')}.\nChoose a password with this link:\n${tokenLink(ctx, '/reset-password', field(d, 'token'))}\n\nThe link is valid for 7 days.`,
  }),
};
