/**
 * Where readers' browsers fetch media-library files. Stored content always names an upload by
 * its site path (`/media/u/<key>/<width>.webp`: the media-use triggers find uploads by it), and
 * pages print it through `publicMediaUrl`, which puts MEDIA_URL (a CDN in front of the bucket)
 * in place of `/media` when it is set. One setting for the whole process, set by createApp
 * from the config: the URL is printed by components many levels below any route, and it
 * never changes while the process runs.
 */
let mediaBase: string | undefined;

const UPLOAD_PREFIX = '/media/u/';

/** Sets MEDIA_URL for every page this process draws; undefined serves media through the app. */
export function setMediaBaseUrl(base: string | undefined): void {
  mediaBase = base?.replace(/\/+$/, '');
}

/**
 * An upload's URL as readers' browsers should fetch it; any other URL unchanged.
 *
 * @example publicMediaUrl('/media/u/ab12…/640.webp') // 'https://cdn.example/u/ab12…/640.webp' with MEDIA_URL=https://cdn.example
 */
export function publicMediaUrl(url: string): string {
  return mediaBase && url.startsWith(UPLOAD_PREFIX) ? `${mediaBase}/u/${url.slice(UPLOAD_PREFIX.length)}` : url;
}
