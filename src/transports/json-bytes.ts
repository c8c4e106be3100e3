/**
 * The JSON structural bytes (RFC 8259 §2, §7) the frame scanners look for: the HTTP body pre-scan
 * (http/body-scan.ts) and the context span finder (context-span.ts) read raw UTF-8 bytes, never
 * decoded text, so they compare against these codes.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const COLON = 0x3a;
export const COMMA = 0x2c;
