type Candidate = { src: string; width: number };

/** A media-library upload's renditions in each format it was written in, and its original size. */
export interface UploadedPicture {
  sources: Candidate[];
  avif: Candidate[];
  width: number;
  height: number;
}

/** Uploads by storage key: what a writer's photo or a print cover URL points at. */
export type UploadedPictures = ReadonlyMap<string, UploadedPicture>;

const UPLOAD_PATH = /^\/media\/u\/([0-9a-f]+)\/\d+\.(?:webp|avif)$/;

/** The storage key of a media-library rendition's URL (`/media/u/<key>/<width>.webp`); undefined for any other URL. */
export const uploadKey = (url: string | null | undefined): string | undefined => (url ? UPLOAD_PATH.exec(url)?.[1] : undefined);

/** The upload a photo or cover URL is one rendition of, when it is one. */
export const uploadedPicture = (pictures: UploadedPictures | undefined, url: string | null | undefined): UploadedPicture | undefined => {
  const key = uploadKey(url);
  return key === undefined ? undefined : pictures?.get(key);
};
