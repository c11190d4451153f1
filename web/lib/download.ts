/** Save text or a data URL as a file through a temporary <a download>. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  try {
    downloadUrl(name, url);
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export function downloadUrl(name: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}
