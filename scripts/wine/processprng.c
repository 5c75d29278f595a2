/*
 * bcryptprimitives.dll for wine 8.0, which lacks it. Go 1.24 and later get their random bytes
 * from ProcessPrng and stop at start-up without it. This fills the buffer from RtlGenRandom
 * (advapi32's SystemFunction036), which wine has. For running tests under wine only: it is never
 * shipped, and real Windows 10 has its own bcryptprimitives.dll.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	/* RtlGenRandom takes a ULONG length: fill big buffers in pieces. */
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
