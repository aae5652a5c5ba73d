import { useState } from 'react';

interface Props {
  path: string;
  label?: string;
}

/** A file path shown in full with a Copy button (bridge mode cannot open a file manager). */
export function CopyPath({ path, label = 'Copy path' }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <span className="copy-path">
      <code className="copy-path__text" data-testid="copy-path-text">
        {path}
      </code>
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          navigator.clipboard.writeText(path).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          )
        }
      >
        {copied === 'yes' ? 'Copied' : label}
      </button>
      {copied === 'failed' && <span className="hint">Select the path and copy it by hand.</span>}
    </span>
  );
}
