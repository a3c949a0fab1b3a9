// The second yardstick of docs/performance.md ("Beside a bare gorilla relay and Colyseus"):
// a Colyseus server whose rooms of 8 do what cmd/barerelay's do — relay every move to every
// seat and acknowledge it to its sender — with Colyseus's own transport, matchmaking and
// message encoding, and nothing a real session needs (no rules, no store). cmd/loadgen
// drives it with -dialect colyseus (its colyseus.go describes the messages), so the relay,
// the bare gorilla relay and Colyseus are measured by one load generator:
//
//	scripts/load.sh colyseus     (installs the packages below with npm ci)
//	node yardsticks/colyseus/server.mjs PORT
//
// It serves GET /healthz and GET /metrics (the moves relayed, under the relay's counter
// name, impactkaarten_commands_committed_total) for scripts/load.sh and loadgen.
import { Server, Room } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";

let relayed = 0;

class Table extends Room {
  maxClients = 8;

  onCreate() {
    this.n = 0;
    this.seats = 0;
    // A move: the event to every seat (encoded once, as Colyseus broadcasts), then the ack.
    this.onMessage("c", (client, move) => {
      this.n++;
      relayed++;
      this.broadcast("e", { n: this.n, a: client.userData.seat });
      client.send("a", { id: move.id, n: this.n });
    });
  }

  onJoin(client) {
    client.userData = { seat: ++this.seats };
    client.send("w", { seat: client.userData.seat, n: this.n });
  }
}

const port = Number(process.argv[2] || 2567);
const transport = new WebSocketTransport({});
const app = transport.getExpressApp();
app.get("/healthz", (_req, res) => res.send("ok\n"));
app.get("/metrics", (_req, res) => res.type("text/plain").send(`impactkaarten_commands_committed_total ${relayed}\n`));
const server = new Server({ transport });
server.define("table", Table);
await server.listen(port, "127.0.0.1");
console.log(`colyseus yardstick serving on http://127.0.0.1:${port}`);
