// Package rawcall makes the relay's system calls that return at once (reads and writes
// on non-blocking sockets, epoll with a zero timeout, a timerfd) without telling Go's
// scheduler, and, on Linux, the log's write and fdatasync the same way.
//
// Why: a system call made through the syscall package tells the scheduler it began, and
// when the runtime's monitor thread (sysmon) is asleep, because every processor was
// idle, that wakes it. Awake, it looks in every 20 µs for as long as any processor is
// busy or inside a system call, arming a kernel timer for each of its sleeps. The relay
// goes idle and wakes again thousands of times a second, and each group of its log holds
// a processor in fdatasync for some 0.3 ms, so the monitor slept and polled some 2,500
// times a second at 2,000 moves/s. On a virtual machine arming a timer is an exit to the
// hypervisor (6–7 µs on the machine of docs/performance.md, where a plain system call
// costs 0.07 µs): the monitor's timers were an eighth of the relay's CPU per move. A call
// the scheduler never sees leaves the monitor asleep.
//
// A call made here must return promptly: while it runs, its goroutine keeps its
// processor, and a stop of the world (a collection's start and end) waits for it. That is
// why the socket calls are made on non-blocking descriptors only, and why the store makes
// the log's write and fdatasync here only while the process has another processor and
// the disk answers quickly (net/store's heldSync).
//
// Elsewhere than Linux the functions that exist there are the syscall package's own.
package rawcall
