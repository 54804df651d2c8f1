// No @types/node: the few Node globals this server uses, declared by hand.
declare const require: (name: string) => any;
declare const process: { env: Record<string, string | undefined>; uptime(): number };

const http = require("http");
const ms = require("ms");
const port = Number(process.env.PORT || 8080);
http.createServer((_req: unknown, res: { end(s: string): void }) => res.end(`up for ${ms(Math.round(process.uptime() * 1000))}\n`)).listen(port, () => console.log(`listening on ${port}`));
