import type { Child, FC } from 'hono/jsx';

/** Replaced per recipient by string substitution, after MJML has run once per issue. */
export const PREFERENCES_URL = '{{preferences_url}}';
export const UNSUBSCRIBE_URL = '{{unsubscribe_url}}';

export interface EmailShellProps {
  title: string;
  preview?: string;
  siteName: string;
  footer: Child;
  children?: Child;
}

/**
 * The MJML document every Broadsheet email shares. Hono JSX builds it, so every
 * headline and name is escaped on the way in, exactly as on the website.
 */
export const EmailShell: FC<EmailShellProps> = ({ title, preview, siteName, footer, children }) => (
  <mjml>
    <mj-head>
      <mj-title>{title}</mj-title>
      {preview && <mj-preview>{preview}</mj-preview>}
      <mj-attributes>
        <mj-all font-family="Georgia, 'Times New Roman', serif" />
        <mj-text font-size="16px" line-height="1.5" color="#1a1a1a" />
      </mj-attributes>
    </mj-head>
    <mj-body background-color="#f4f1ea">
      <mj-section padding="24px 0 8px">
        <mj-column>
          <mj-text font-size="22px" font-weight="bold" align="center">
            {siteName}
          </mj-text>
        </mj-column>
      </mj-section>
      <mj-section background-color="#ffffff" padding="16px 8px">
        <mj-column>{children}</mj-column>
      </mj-section>
      <mj-section padding="8px 0 24px">
        <mj-column>
          <mj-text font-size="13px" color="#555555" align="center">
            {footer}
          </mj-text>
        </mj-column>
      </mj-section>
    </mj-body>
  </mjml>
);
