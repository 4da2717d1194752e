// Floor for bench:download: bare node:http streaming one file with fs.createReadStream, read in the same chunk
// size as the app's file body (CHUNK, passed in by the bench). Plain node, nothing else loaded.
import fs from 'node:fs';
import http from 'node:http';

const file = process.env.FILE;
const chunk = Number(process.env.CHUNK);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': fs.statSync(file).size });
  fs.createReadStream(file, { highWaterMark: chunk }).pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
