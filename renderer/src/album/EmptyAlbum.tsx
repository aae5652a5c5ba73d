interface Props {
  onOpenFolder: () => void;
  disabled: boolean;
}

/** What a new user sees first: what the app does and the one action that starts it. */
export function EmptyAlbum({ onOpenFolder, disabled }: Props) {
  return (
    <section className="empty-album" aria-labelledby="empty-title">
      <svg className="empty-album__art" viewBox="0 0 64 64" aria-hidden="true">
        <rect x="6" y="12" width="52" height="40" rx="6" />
        <circle cx="32" cy="30" r="9" />
        <path d="M18 50c3-8 8-11 14-11s11 3 14 11" />
      </svg>
      <h2 id="empty-title">No folder open</h2>
      <p>Open a folder of photos to find the faces in them and restore the blurry ones.</p>
      <button
        type="button"
        className="button button--primary"
        onClick={onOpenFolder}
        disabled={disabled}
      >
        Open folder
      </button>
    </section>
  );
}
