/** `host:port,host:port` -> nodes; throws on anything else, naming the entry by position only. */
export function parseClusterNodes(list: string): { host: string; port: number }[] {
  return list.split(',').map((entry, i) => {
    const match = /^\s*([^\s:]+):(\d{1,5})\s*$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) throw new Error(`entry ${i + 1} is not host:port`);
    return { host: match[1]!, port };
  });
}
