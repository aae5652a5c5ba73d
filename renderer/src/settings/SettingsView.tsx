import { useState } from 'react';
import type { AppSettings } from '../../../electron/ipc/contract.js';
import { api } from '../api.js';
import { errorMessage } from '../lib/errors.js';
import type { SettingsState } from './useSettings.js';

interface Props {
  settings: SettingsState;
  nativeFolderDialog: boolean;
}

const FORMATS: { value: AppSettings['format']; label: string }[] = [
  { value: 'same', label: 'Same as the original' },
  { value: 'jpeg', label: 'JPEG' },
  { value: 'png', label: 'PNG' },
  { value: 'tiff', label: 'TIFF' },
];

const PROVIDERS: { value: AppSettings['provider']; label: string }[] = [
  { value: 'auto', label: 'Automatic (GPU when it loads, else CPU)' },
  { value: 'gpu', label: 'GPU' },
  { value: 'cpu', label: 'CPU' },
];

/** Output folder and format, execution provider (with what is really active), threads. */
export function SettingsView({ settings, nativeFolderDialog }: Props) {
  const { info, error, saving, save } = settings;
  if (!info) {
    return error ? (
      <section className="status status--error" role="alert">
        <h2>Settings could not be loaded</h2>
        <p>{error}</p>
      </section>
    ) : (
      <div className="status" role="status">
        <div className="spinner" aria-hidden="true" />
        <p>Loading settings…</p>
      </div>
    );
  }
  const s = info.settings;
  return (
    <div className="settings-scroller">
      <form
        className="settings"
        aria-labelledby="settings-title"
        onSubmit={(e) => e.preventDefault()}
      >
        <h2 id="settings-title">Settings</h2>
        {error && (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <p className="hint" role="status" data-testid="settings-status">
          {saving ? 'Saving…' : 'Changes are saved as you make them.'}
        </p>

        <fieldset className="settings__group">
          <legend>Output</legend>
          <OutputFolderField
            key={s.outputFolder ?? ''}
            value={s.outputFolder}
            nativeFolderDialog={nativeFolderDialog}
            onChange={(outputFolder) => save({ outputFolder })}
          />
          <label className="field">
            <span>Format</span>
            <select
              value={s.format}
              onChange={(e) => save({ format: e.target.value as AppSettings['format'] })}
            >
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">
            Exports keep the original’s metadata and colour profile and never overwrite a file.
          </p>
        </fieldset>

        <fieldset className="settings__group">
          <legend>Processing</legend>
          <label className="field">
            <span>Run the networks on</span>
            <select
              value={s.provider}
              onChange={(e) => save({ provider: e.target.value as AppSettings['provider'] })}
            >
              {PROVIDERS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <p className="provider-note" data-testid="active-provider">
            Active: <strong>{info.activeProvider}</strong> — {info.providerReason}
          </p>
          <ThreadsField
            key={s.threads}
            value={s.threads}
            onChange={(threads) => save({ threads })}
          />
        </fieldset>

        <fieldset className="settings__group">
          <legend>Models</legend>
          <p
            className={`notice${info.trainedModels ? '' : ' notice--warning'}`}
            data-testid="models-note"
          >
            {!info.trainedModels && <strong>Untrained stand-ins. </strong>}
            {info.modelsNote}
          </p>
        </fieldset>
      </form>
    </div>
  );
}

function OutputFolderField({
  value,
  nativeFolderDialog,
  onChange,
}: {
  value: string | null;
  nativeFolderDialog: boolean;
  onChange: (folder: string | null) => void;
}) {
  const [text, setText] = useState(value ?? '');
  const [pickError, setPickError] = useState<string | null>(null);
  // Unticking the default shows the field; nothing is saved until a folder is given.
  const [custom, setCustom] = useState(value !== null);
  const useDefault = !custom;
  return (
    <div className="field">
      <span id="output-folder-label">Output folder</span>
      <label className="check">
        <input
          type="checkbox"
          checked={useDefault}
          onChange={(e) => {
            setCustom(!e.target.checked);
            if (e.target.checked) onChange(null);
            else if (text.trim()) onChange(text.trim());
          }}
        />
        <span>
          A <code>restored</code> folder next to each album (as the command line does)
        </span>
      </label>
      {!useDefault && (
        <div className="field__row">
          <input
            type="text"
            aria-labelledby="output-folder-label"
            value={text}
            placeholder="/home/you/Pictures/restored"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => text.trim() && text.trim() !== value && onChange(text.trim())}
            onKeyDown={(e) => e.key === 'Enter' && text.trim() && onChange(text.trim())}
          />
          {nativeFolderDialog && (
            <button
              type="button"
              className="button"
              onClick={() =>
                api.folderPick({}).then(
                  ({ folder }) => folder && onChange(folder),
                  (err: unknown) => setPickError(errorMessage(err)),
                )
              }
            >
              Choose…
            </button>
          )}
        </div>
      )}
      {custom && value === null && (
        <span className="hint">
          Type the folder and press Enter; until then outputs go next to each album.
        </span>
      )}
      {pickError && <span className="text-danger">{pickError}</span>}
    </div>
  );
}

function ThreadsField({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const [text, setText] = useState(String(value));
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= 0 && n <= 64;
  return (
    <label className="field">
      <span>Threads (0 = one per physical core)</span>
      <input
        type="number"
        min={0}
        max={64}
        step={1}
        value={text}
        aria-invalid={!valid}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => valid && n !== value && onChange(n)}
      />
      {!valid && <span className="text-danger">A whole number from 0 to 64.</span>}
    </label>
  );
}
