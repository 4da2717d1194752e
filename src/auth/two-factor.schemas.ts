import { z } from '@hono/zod-openapi';

export const SecondFactorRequiredSchema = z
  .object({
    status: z.literal('second_factor_required'),
    second_factor: z.enum(['verify', 'enrol']).openapi({
      description: '`verify`: send a code to POST /api/v1/auth/2fa/verify. `enrol`: the role requires two factors and none is set up: POST /api/v1/auth/2fa/enroll, then /confirm with the first code.',
    }),
  })
  .openapi('SecondFactorRequired');

export const CodeSchema = z
  .object({ code: z.string().trim().min(6).max(40).openapi({ description: 'A 6-digit TOTP code, or a recovery code (xxxx-xxxx-xxxx-xxxx)', example: '123456' }) })
  .openapi('SecondFactorCode');

export const EnrolmentSchema = z
  .object({
    secret: z.string().openapi({ description: 'The TOTP secret (base32), for typing into an authenticator app', example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
    uri: z.string().openapi({ description: 'The otpauth:// URI the QR code holds' }),
    qr_svg: z.string().openapi({ description: 'The QR code as an SVG document, drawn by the portal' }),
  })
  .openapi('TwoFactorEnrolment');

export const RecoveryCodesSchema = z
  .object({ recovery_codes: z.array(z.string()).openapi({ description: 'Ten one-time recovery codes, shown this once' }), expires_at: z.string().optional() })
  .openapi('TwoFactorConfirmed');
