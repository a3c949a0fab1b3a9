// The third yardstick of docs/performance.md ("Beside boardgame.io, Colyseus and the bare
// relay"): a boardgame.io 0.50 server whose game lets every seat of a match of 8 move at
// any time, as a vote does, served the way boardgame.io serves a game: its lobby API makes
// matches and seats (with credentials), its socket.io transport carries the moves, its
// master checks and reduces each move and sends every seat the state filtered for it, and
// its default storage keeps the matches in memory (nothing durable). cmd/loadgen drives it
// with -dialect boardgameio (its boardgameio.go describes the messages):
//
//	scripts/load.sh boardgameio     (installs the packages below with npm ci)
//	node yardsticks/boardgameio/server.cjs PORT
//
// It serves GET /healthz and GET /metrics (the moves reduced, under the relay's counter
// name, impactkaarten_commands_committed_total) for scripts/load.sh and loadgen.
"use strict";
const { Server } = require("boardgame.io/server");
const { ActivePlayers } = require("boardgame.io/core");

let moved = 0;

const Table = {
  name: "table",
  minPlayers: 8,
  maxPlayers: 8,
  setup: () => ({ n: 0 }),
  // Every seat may move at any time, as every seat of a room may vote.
  turn: { activePlayers: ActivePlayers.ALL },
  // No undo stack: it would hold a copy of the state for every move of the one long turn.
  disableUndo: true,
  moves: {
    // A move names its command id (loadgen finds its own in the log every seat is sent).
    // Seats move without waiting for each other's updates, so a move is taken whatever
    // state the seat saw last, as the relay takes a vote.
    move: {
      move: ({ G }, id) => {
        moved++;
        G.n++;
        G.last = id;
      },
      ignoreStaleStateID: true,
    },
  },
};

const port = Number(process.argv[2] || 8000);
const server = Server({ games: [Table], origins: [] });
// On loopback only, as the other servers of the load test: boardgame.io's run() listens on
// every interface and has no option for the address.
const listen = server.app.listen.bind(server.app);
server.app.listen = (p, cb) => listen(p, "127.0.0.1", cb);
server.router.get("/healthz", (ctx) => {
  ctx.body = "ok\n";
});
server.router.get("/metrics", (ctx) => {
  ctx.type = "text/plain";
  ctx.body = `impactkaarten_commands_committed_total ${moved}\n`;
});
server.run({ port }).then(() => console.log(`boardgame.io yardstick serving on http://127.0.0.1:${port}`));
