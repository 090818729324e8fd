/**
 * Files out and in, in the browser (no server, no network request). A download is a Blob behind an
 * object URL and a click on a hidden <a download>; index.html's CSP allows blob: for this. Used by
 * the views' download menus and by the app's model files.
 */

/** Saves `blob` as `fileName` through a temporary link. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference; revoking later frees the memory without cutting it short.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves `text` as `fileName`, with the MIME type `type`. */
export function downloadText(fileName: string, text: string, type: string): void {
  download(new Blob([text], { type }), fileName);
}

/** A chosen file's text (FileReader where File.text is missing, as in older engines). */
export function readFileText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}
