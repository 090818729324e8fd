/**
 * Files out and in. Saves text as a file the browser downloads: a Blob behind an object URL and a click on an
 * <a download> (no server, no network request; index.html's CSP allows blob: for this).
 */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is released once it is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
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
