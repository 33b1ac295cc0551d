// A local SMTP sink for the browser journeys: accepts every message on 127.0.0.1:<port> and
// writes it, as received, to <dir>/<n>.eml. The journeys read the links from there.
// usage: node end2end/smtp-sink.mjs <port> <dir>
import net from "node:net";
import fs from "node:fs";
import path from "node:path";

const [port, dir] = process.argv.slice(2);
fs.mkdirSync(dir, { recursive: true });
let count = 0;

net
  .createServer((socket) => {
    let buffer = "";
    let inData = false;
    let data = [];
    const reply = (line) => socket.write(line + "\r\n");
    reply("220 sink ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      let at;
      while ((at = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            count += 1;
            const file = path.join(dir, `${String(count).padStart(6, "0")}.eml`);
            fs.writeFileSync(file, Buffer.from(data.join("\r\n") + "\r\n", "latin1"));
            data = [];
            reply("250 queued");
          } else {
            data.push(line.startsWith("..") ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250-sink\r\n250 8BITMIME");
        else if (verb === "DATA") {
          inData = true;
          reply("354 end with .");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 OK");
      }
    });
    socket.on("error", () => {});
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`smtp sink on ${port}, writing to ${dir}`));
