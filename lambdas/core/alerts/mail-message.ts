/** One e-mail as SES sends Simple content: it builds the MIME parts from these. */
export interface MailMessage {
  /** One line. */
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}
