/**
 * The provenance record written into every restored photo's XMP: which software and models made
 * it and with which settings, so a restored photo can always be told from an original. Merged
 * into the photo's own XMP packet (kept intact), or a new packet when it has none.
 */
export const PROVENANCE_NS = 'https://face-deblur.invalid/ns/provenance/1.0/';

export interface Provenance {
  software: string;
  version: string;
  /** Model file name -> sha256 (empty for a physics-only result). */
  models: Record<string, string>;
  /** Whether the models are trained weights (false: test or placeholder models). */
  trainedModels: boolean;
  mode: 'faces' | 'whole-photo';
  kernelSize: string;
  strength: number;
  faces: number;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function description(p: Provenance): string {
  const models = Object.entries(p.models)
    .map(([name, sha]) => `${name}:sha256:${sha}`)
    .join(' ');
  const attrs: [string, string][] = [
    ['Software', p.software],
    ['Version', p.version],
    ['Models', models],
    ['TrainedModels', String(p.trainedModels)],
    ['Mode', p.mode],
    ['KernelSize', p.kernelSize],
    ['Strength', String(p.strength)],
    ['Faces', String(p.faces)],
  ];
  return (
    `<rdf:Description rdf:about="" xmlns:fdb="${PROVENANCE_NS}"` +
    attrs.map(([k, v]) => ` fdb:${k}="${escapeXml(v)}"`).join('') +
    '/>'
  );
}

/** The photo's XMP with the provenance description added (or a new packet holding only it). */
export function xmpWithProvenance(original: Buffer | undefined, p: Provenance): string {
  const entry = description(p);
  const xmp = original?.toString('utf8').replace(/\0+$/, '');
  if (xmp?.includes('</rdf:RDF>')) {
    const at = xmp.lastIndexOf('</rdf:RDF>');
    return xmp.slice(0, at) + entry + xmp.slice(at);
  }
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    entry +
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

/** Reads the provenance back from an XMP packet (tests, and skipping already-restored inputs). */
export function readProvenance(xmp: Buffer | string | undefined): Record<string, string> | null {
  if (!xmp) return null;
  const text = xmp.toString();
  const at = text.indexOf(PROVENANCE_NS);
  if (at < 0) return null;
  const end = text.indexOf('/>', at);
  const out: Record<string, string> = {};
  for (const m of text.slice(at, end).matchAll(/fdb:(\w+)="([^"]*)"/g)) {
    out[m[1] as string] = (m[2] as string)
      .replace(/&quot;/g, '"')
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&');
  }
  return out;
}
