/** A file drop target that is also a real button and file input, so keyboards and screen readers work. */
import { useId, useState, type DragEvent } from 'react';

type Props = { accept: string; label: string } & (
  | { multiple?: false; onFile: (file: File) => void }
  | { multiple: true; onFiles: (files: File[]) => void }
);

export function DropZone(props: Props) {
  const { accept, label } = props;
  const [over, setOver] = useState(false);
  const id = useId();

  function take(list: FileList | null | undefined) {
    const files = [...(list ?? [])];
    if (!files.length) return;
    if (props.multiple) props.onFiles(files);
    else props.onFile(files[0]!);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  }

  return (
    <div
      className={over ? 'dropzone over' : 'dropzone'}
      data-testid="dropzone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        multiple={props.multiple}
        onChange={(event) => {
          take(event.target.files);
          event.target.value = '';
        }}
      />
    </div>
  );
}
