/**
 * Said wherever an output is shown while models/ holds untrained stand-ins: the pipeline runs,
 * but what comes out is not a restoration and must not be presented as one.
 */
export function UntrainedNote() {
  return (
    <p className="notice notice--warning" role="note" data-testid="untrained-note">
      <strong>Untrained models.</strong> The networks installed are stand-ins without training: the
      output shows what the pipeline does, it is not a restoration.
    </p>
  );
}

/** What to call the output: "Restored" only when trained models made it. */
export function outputLabel(trainedModels: boolean): string {
  return trainedModels ? 'Restored' : 'Output (untrained)';
}
