import { createTransport, Transporter } from 'nodemailer';

/**
 * SMTP transport from SMTP_URL. Plain SMTP without STARTTLS/AUTH is what Mailpit and the test server
 * speak; a production relay is given as smtps:// or with credentials in the URL.
 */
export function createMailTransport(smtpUrl: string): Transporter {
  const u = new URL(smtpUrl);
  return createTransport({
    host: u.hostname,
    port: Number(u.port),
    secure: u.protocol === 'smtps:',
    ignoreTLS: u.protocol === 'smtp:' && !u.username,
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
}
