/** A photo with each detection drawn as a labelled box over it, and the same detections as a focusable list. */
import { useState } from 'react';
import type { Detection } from '../../../client';

const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(2)}%`;
const describe = ({ label, score }: Detection) => `${label} ${Math.round(score * 100)}%`;

export function BoxedPhoto({ src, alt, detections }: { src: string; alt: string; detections: Detection[] }) {
  // Boxes come in image pixels; placed in percent of the natural size they follow the displayed size.
  const [size, setSize] = useState<{ width: number; height: number }>();
  const [active, setActive] = useState<number>();
  return (
    <div className="boxed-photo">
      <figure>
        <img
          className="thumb"
          src={src}
          alt={alt}
          onLoad={(event) => setSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
        />
        {size && (
          <div className="boxes" aria-hidden="true">
            {detections.map((detection, index) => (
              <div
                key={index}
                data-box={detection.label}
                className={index === active ? 'box active' : 'box'}
                style={{
                  left: percent(detection.box.x, size.width),
                  top: percent(detection.box.y, size.height),
                  width: percent(detection.box.width, size.width),
                  height: percent(detection.box.height, size.height),
                }}
              >
                <span>{describe(detection)}</span>
              </div>
            ))}
          </div>
        )}
      </figure>
      {detections.length === 0 ? (
        <p>No objects found.</p>
      ) : (
        <ul className="detections" aria-label="Detected objects">
          {detections.map((detection, index) => (
            <li
              key={index}
              tabIndex={0}
              onFocus={() => setActive(index)}
              onBlur={() => setActive(undefined)}
              onMouseEnter={() => setActive(index)}
              onMouseLeave={() => setActive(undefined)}
            >
              {describe(detection)}{' '}
              <span className="muted">
                at {Math.round(detection.box.x)}, {Math.round(detection.box.y)} ({Math.round(detection.box.width)}×{Math.round(detection.box.height)} px)
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
