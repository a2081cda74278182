/** CXone media types the emulator knows, so skills carry both `mediaTypeId` and `mediaTypeName`. */

export const MEDIA_EMAIL = 1;
export const MEDIA_CHAT = 3;
export const MEDIA_PHONE = 4;

const MEDIA_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [MEDIA_EMAIL, 'Email'],
  [MEDIA_CHAT, 'Chat'],
  [MEDIA_PHONE, 'Phone Call'],
]);

export function mediaTypeName(mediaTypeId: number): string {
  return MEDIA_TYPE_NAMES.get(mediaTypeId) ?? `Media Type ${mediaTypeId}`;
}
