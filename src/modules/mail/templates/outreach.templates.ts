import { field, MailTemplate, RenderContext, tokenLink } from './template';

/** A page on PUBLIC_URL (the web client), for links that need no token. */
const pageLink = (ctx: RenderContext, path: string): string => new URL(path, ctx.publicUrl).toString();

const answerLink = (ctx: RenderContext, token: string, answer: string): string => {
  const url = new URL(tokenLink(ctx, '/follow-up', token));
  url.searchParams.set('answer', answer);
  return url.toString();
};

/** Invitation to a regional meeting; not transactional, so it carries the unsubscribe footer. */
export const eventInvitation: MailTemplate = {
  transactional: false,
  nl: (d, ctx) => ({
    subject: `Uitnodiging: ${field(d, 'title')}`,
    text: `Beste ${field(d, 'displayName')},\n\nDe regio ${field(d, 'regionName')} nodigt u uit voor "${field(d, 'title')}" op ${field(d, 'startsAtText')} in ${field(d, 'location')}.\n\n${field(d, 'description')}\n\nEr zijn ${field(d, 'capacity')} plaatsen. Meld u aan via:\n${pageLink(ctx, `/events/${field(d, 'eventId')}`)}`,
  }),
  en: (d, ctx) => ({
    subject: `Invitation: ${field(d, 'title')}`,
    text: `Dear ${field(d, 'displayName')},\n\nThe region ${field(d, 'regionName')} invites you to "${field(d, 'title')}" on ${field(d, 'startsAtText')} at ${field(d, 'location')}.\n\n${field(d, 'description')}\n\nThere are ${field(d, 'capacity')} places. Sign up here:\n${pageLink(ctx, `/events/${field(d, 'eventId')}`)}`,
  }),
};

/** About the recipient's own RSVP: transactional. */
export const eventCancelled: MailTemplate = {
  transactional: true,
  nl: (d) => ({
    subject: `Afgelast: ${field(d, 'title')}`,
    text: `Beste ${field(d, 'displayName')},\n\nDe bijeenkomst "${field(d, 'title')}" op ${field(d, 'startsAtText')} in ${field(d, 'location')} gaat niet door. Uw aanmelding vervalt.`,
  }),
  en: (d) => ({
    subject: `Cancelled: ${field(d, 'title')}`,
    text: `Dear ${field(d, 'displayName')},\n\nThe meeting "${field(d, 'title')}" on ${field(d, 'startsAtText')} at ${field(d, 'location')} has been cancelled. Your registration lapses.`,
  }),
};

export const eventPlaceAvailable: MailTemplate = {
  transactional: true,
  nl: (d) => ({
    subject: `Er is een plaats vrij: ${field(d, 'title')}`,
    text: `Beste ${field(d, 'displayName')},\n\nEr kwam een plaats vrij bij "${field(d, 'title')}" op ${field(d, 'startsAtText')} in ${field(d, 'location')}. U staat nu op de deelnemerslijst.`,
  }),
  en: (d) => ({
    subject: `A place became available: ${field(d, 'title')}`,
    text: `Dear ${field(d, 'displayName')},\n\nA place became available at "${field(d, 'title')}" on ${field(d, 'startsAtText')} at ${field(d, 'location')}. You are now on the list of attendees.`,
  }),
};

/** A newly published practice above the starter's threshold; carries the unsubscribe footer. */
export const vacancyAlert: MailTemplate = {
  transactional: false,
  nl: (d, ctx) => ({
    subject: `Nieuwe praktijk in ${field(d, 'place')} past bij uw wensen (${field(d, 'score')}/100)`,
    text: `Beste ${field(d, 'displayName')},\n\nEr is een praktijk gepubliceerd die bij uw wensen past: ${field(d, 'practiceForm')} in ${field(d, 'place')}, ${field(d, 'listSize')} patiënten, overdracht vanaf ${field(d, 'handoverFrom')}. Passendheid: ${field(d, 'score')} van 100.\n\nBekijk de vacature:\n${pageLink(ctx, `/vacancies/${field(d, 'practiceId')}`)}`,
  }),
  en: (d, ctx) => ({
    subject: `New practice in ${field(d, 'place')} fits your wishes (${field(d, 'score')}/100)`,
    text: `Dear ${field(d, 'displayName')},\n\nA practice that fits your wishes was published: ${field(d, 'practiceForm')} in ${field(d, 'place')}, ${field(d, 'listSize')} patients, handover from ${field(d, 'handoverFrom')}. Fit: ${field(d, 'score')} out of 100.\n\nSee the vacancy:\n${pageLink(ctx, `/vacancies/${field(d, 'practiceId')}`)}`,
  }),
};

/**
 * The 90-day probe. Treated as transactional: it is about the recipient's own listing, which is paused when
 * it goes unanswered, so opting out of it would make no sense.
 */
export const stillLooking: MailTemplate = {
  transactional: true,
  nl: (d, ctx) => ({
    subject: `Zoekt u nog? (${field(d, 'subject')})`,
    text: `Beste ${field(d, 'displayName')},\n\nZoekt u nog steeds (${field(d, 'subject')})? Bevestig het met één klik:\n${tokenLink(ctx, '/still-looking', field(d, 'token'))}\n\nZonder antwoord binnen 14 dagen zetten we ${field(d, 'subject')} op pauze (er wordt niets verwijderd; u kunt het zelf weer activeren).`,
  }),
  en: (d, ctx) => ({
    subject: `Are you still looking? (${field(d, 'subject')})`,
    text: `Dear ${field(d, 'displayName')},\n\nAre you still looking (${field(d, 'subject')})? Confirm with one click:\n${tokenLink(ctx, '/still-looking', field(d, 'token'))}\n\nWithout an answer within 14 days we pause ${field(d, 'subject')} (nothing is deleted; you can activate it again yourself).`,
  }),
};

/** 30 or 90 days after an introduction; one link per answer, the first click counts. */
export const introductionFollowUp: MailTemplate = {
  transactional: false,
  nl: (d, ctx) => {
    const t = field(d, 'token');
    return {
      subject: `Hoe gaat het na de kennismaking? (${field(d, 'day')} dagen)`,
      text: `Beste ${field(d, 'displayName')},\n\n${field(d, 'day')} dagen geleden stelden we u voor aan een ${field(d, 'otherSide')}. Hoe staat het ervoor?\n\nWe zijn in gesprek: ${answerLink(ctx, t, 'in_talks')}\nWe hebben een overeenkomst: ${answerLink(ctx, t, 'agreement')}\nHet past niet: ${answerLink(ctx, t, 'no_fit')}\nEr was geen contact: ${answerLink(ctx, t, 'no_contact')}`,
    };
  },
  en: (d, ctx) => {
    const t = field(d, 'token');
    return {
      subject: `How is it going after the introduction? (${field(d, 'day')} days)`,
      text: `Dear ${field(d, 'displayName')},\n\n${field(d, 'day')} days ago we introduced you to a ${field(d, 'otherSide')}. How are things?\n\nWe are talking: ${answerLink(ctx, t, 'in_talks')}\nWe have an agreement: ${answerLink(ctx, t, 'agreement')}\nIt does not fit: ${answerLink(ctx, t, 'no_fit')}\nThere was no contact: ${answerLink(ctx, t, 'no_contact')}`,
    };
  },
};
