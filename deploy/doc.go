// Package deploy holds the configuration of a cluster of relays: nginx.conf and
// haproxy.cfg (a load balancer in front of three relays, websockets passed through),
// redis.conf (the persistence the cluster needs) and systemd units. The package has no
// code; its tests check that the configurations are valid for the real programs.
// docs/cluster.md explains them.
package deploy
