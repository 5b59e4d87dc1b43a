/** Where the media library's bucket is and how to sign in to it, as S3_URL gives it. */
export interface S3Location {
  /** http(s)://host:port of the S3 API. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Prepended to every object path: '' or 'some/folder/'. */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** host/bucket/key (every S3-compatible store) rather than bucket.host/key. */
  forcePathStyle: boolean;
}

const OPTIONS = new Set(['region', 'https', 'style']);

/**
 * Reads `s3://KEY:SECRET@HOST[:PORT]/BUCKET[/PREFIX]?region=…&https=false&style=virtual`: the
 * key and secret percent-encoded, https unless `https=false`, path-style addressing unless
 * `style=virtual`, region `us-east-1` unless given. Returns what is wrong, in words, for a bad
 * one (never echoing the URL, which holds a secret).
 *
 * @example parseS3Url('s3://AK:SK@minio:9000/media?https=false').endpoint // 'http://minio:9000'
 */
export function parseS3Url(value: string): S3Location | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL like s3://KEY:SECRET@HOST:PORT/BUCKET';
  }
  if (url.protocol !== 's3:') return 'must start with s3://';
  if (!url.hostname) return 'must name the host of the S3 API (s3://KEY:SECRET@HOST/BUCKET)';
  if (!url.username || !url.password) return 'must carry the access key and secret, percent-encoded (s3://KEY:SECRET@HOST/BUCKET)';
  const [bucket = '', ...folders] = url.pathname.split('/').filter(Boolean);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return 'must name a bucket (3–63 lower-case letters, digits, dots or hyphens) after the host';
  const unknown = [...url.searchParams.keys()].find((name) => !OPTIONS.has(name));
  if (unknown) return `has an unknown option "${unknown}" (known: region, https, style)`;
  const https = url.searchParams.get('https') ?? 'true';
  if (https !== 'true' && https !== 'false') return 'https= must be true or false';
  const style = url.searchParams.get('style') ?? 'path';
  if (style !== 'path' && style !== 'virtual') return 'style= must be path or virtual';
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return undefined;
    }
  };
  const accessKeyId = decode(url.username);
  const secretAccessKey = decode(url.password);
  if (accessKeyId === undefined || secretAccessKey === undefined) return 'has a key or secret that is not percent-encoded correctly';
  return {
    endpoint: `${https === 'true' ? 'https' : 'http'}://${url.host}`,
    region: url.searchParams.get('region') || 'us-east-1',
    bucket,
    prefix: folders.map((f) => `${f}/`).join(''),
    accessKeyId,
    secretAccessKey,
    forcePathStyle: style === 'path',
  };
}
