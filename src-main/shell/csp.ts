/**
 * The renderer's Content-Security-Policy, one definition for the desktop window (meta tag
 * injected at build, and response header) and the web shell (response header).
 * Element Plus sets inline styles, hence 'unsafe-inline' for styles only; scripts come
 * from the app itself and nowhere else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
