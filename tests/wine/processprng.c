/* bcryptprimitives.dll for the wine test run only (tests/wine.rs), never shipped: wine 8
 * lacks ProcessPrng, which Rust's standard library asks for on Windows 10 and later. It is
 * answered from advapi32's RtlGenRandom (SystemFunction036), the system's own generator. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng takes any length; RtlGenRandom a ULONG at a time. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
