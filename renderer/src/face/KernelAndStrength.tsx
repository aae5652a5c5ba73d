import { useId } from 'react';
import type { KernelSizeSetting } from '../../../electron/ipc/contract.js';
import { percent } from '../lib/format.js';
import { KERNEL_MAX, KERNEL_MIN, oddKernel } from './restoreSettings.js';

interface Props {
  kernelSize: KernelSizeSetting;
  strength: number;
  /** Size offered when switching auto off (the last estimate, else 31). */
  suggestedKernel: number | null;
  onChange: (next: { kernelSize: KernelSizeSetting; strength: number }) => void;
}

/** Kernel size (auto or a manual odd size) and strength: the face panel's and the batch's. */
export function KernelAndStrength({ kernelSize, strength, suggestedKernel, onChange }: Props) {
  const hintId = useId();
  const manual = kernelSize !== 'auto';
  return (
    <fieldset className="controls">
      <legend className="visually-hidden">Restoration settings</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={!manual}
          onChange={(e) =>
            onChange({
              strength,
              kernelSize: e.target.checked ? 'auto' : oddKernel(suggestedKernel ?? 31),
            })
          }
        />
        Estimate kernel size automatically
      </label>
      <label className={`slider${manual ? '' : ' slider--disabled'}`}>
        <span className="slider__label">
          Kernel size <output>{manual ? `${kernelSize} px` : 'auto'}</output>
        </span>
        <input
          type="range"
          aria-label="Kernel size"
          min={KERNEL_MIN}
          max={KERNEL_MAX}
          step={2}
          value={manual ? kernelSize : oddKernel(suggestedKernel ?? 31)}
          disabled={!manual}
          onChange={(e) => onChange({ strength, kernelSize: Number(e.target.value) })}
        />
      </label>
      <label className="slider">
        <span className="slider__label">
          Strength <output>{percent(strength)}</output>
        </span>
        <input
          type="range"
          aria-label="Strength"
          aria-describedby={hintId}
          min={0}
          max={1}
          step={0.05}
          value={strength}
          onChange={(e) => onChange({ kernelSize, strength: Number(e.target.value) })}
        />
      </label>
      <p className="hint" id={hintId}>
        Strength blends the faithful deconvolution (0%) with the network’s face (100%).
      </p>
    </fieldset>
  );
}
