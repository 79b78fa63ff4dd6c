/** `sqlite:./data/bus.db`, `sqlite://./data/bus.db` or a bare path → the file path. */
export function sqliteFilePath(url: string): string {
  const trimmed = url.trim();
  if (!trimmed.toLowerCase().startsWith('sqlite:')) return trimmed;
  return trimmed.slice('sqlite:'.length).replace(/^\/\/(?=[./~]|[a-z]:)/i, '');
}
