//! The owner-only rights of a file or folder on Windows (`owner_only`): a protected DACL whose
//! one entry is the current user's full control, through the Win32 security calls.

use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;
use std::ptr::{null, null_mut};
use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED, ERROR_SUCCESS, HANDLE,
};
use windows_sys::Win32::Security::Authorization::{SE_FILE_OBJECT, SetNamedSecurityInfoW};
use windows_sys::Win32::Security::{
    ACCESS_ALLOWED_ACE, ACL, ACL_REVISION, AddAccessAllowedAceEx, CONTAINER_INHERIT_ACE,
    DACL_SECURITY_INFORMATION, GetLengthSid, GetTokenInformation, InitializeAcl,
    OBJECT_INHERIT_ACE, PROTECTED_DACL_SECURITY_INFORMATION, PSID, TOKEN_QUERY, TOKEN_USER,
    TokenUser,
};
use windows_sys::Win32::Storage::FileSystem::FILE_ALL_ACCESS;
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// The user this process runs as: a `TOKEN_USER`, whose SID lies in the same buffer.
struct CurrentUser {
    /// 8-byte aligned, as a `TOKEN_USER` (which holds a pointer) must be.
    buf: Vec<u64>,
}

impl CurrentUser {
    fn get() -> io::Result<CurrentUser> {
        let mut token: HANDLE = null_mut();
        // SAFETY: `GetCurrentProcess` is a pseudo-handle needing no closing; `token` is a
        // valid place for the handle the call opens.
        if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw mut token) } == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut len = 0u32;
        // SAFETY: a null buffer of length 0 asks only for the length, written to `len`.
        unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &raw mut len) };
        let mut buf = vec![0u64; (len as usize).div_ceil(8)];
        // SAFETY: `buf` holds at least `len` writable bytes, aligned for `TOKEN_USER`.
        let ok = unsafe {
            GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &raw mut len)
        };
        let err = io::Error::last_os_error();
        // SAFETY: `token` was opened above and is closed once.
        unsafe { CloseHandle(token) };
        if ok == 0 {
            return Err(err);
        }
        Ok(CurrentUser { buf })
    }

    /// The user's SID, valid as long as `self`.
    fn sid(&self) -> PSID {
        // SAFETY: `buf` was filled by `GetTokenInformation(TokenUser)` and is aligned.
        unsafe { (*self.buf.as_ptr().cast::<TOKEN_USER>()).User.Sid }
    }
}

/// Gives `path` a protected DACL granting the current user full control and no one else
/// anything; on a folder the entry is inherited by the files and folders made in it.
pub fn restrict(path: &Path, folder: bool) -> io::Result<()> {
    let user = CurrentUser::get()?;
    let sid = user.sid();
    // SAFETY: `sid` points at a valid SID inside `user`.
    let sid_len = unsafe { GetLengthSid(sid) } as usize;
    // The ACL header, then one ACE whose last field (`SidStart`) is where the SID begins.
    let acl_len = size_of::<ACL>() + size_of::<ACCESS_ALLOWED_ACE>() - size_of::<u32>() + sid_len;
    let mut acl_buf = vec![0u64; acl_len.div_ceil(8)];
    let acl: *mut ACL = acl_buf.as_mut_ptr().cast();
    // SAFETY: `acl` points at `acl_len` writable bytes, aligned for an ACL.
    if unsafe { InitializeAcl(acl, acl_len as u32, ACL_REVISION) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let inherit = if folder {
        OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE
    } else {
        0
    };
    // SAFETY: `acl` was initialised above with room for this one ACE; `sid` is valid.
    if unsafe { AddAccessAllowedAceEx(acl, ACL_REVISION, inherit, FILE_ALL_ACCESS, sid) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let wide: Vec<u16> = path.as_os_str().encode_wide().chain([0]).collect();
    // SAFETY: `wide` is a NUL-terminated path; `acl` is a valid ACL; owner, group and
    // SACL are not changed (null), as the flags say.
    let r = unsafe {
        SetNamedSecurityInfoW(
            wide.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            acl,
            null(),
        )
    };
    match r {
        ERROR_SUCCESS => Ok(()),
        // A file system that keeps no rights (FAT, exFAT: most USB sticks): nothing to set.
        ERROR_NOT_SUPPORTED | ERROR_INVALID_FUNCTION => Ok(()),
        r => Err(io::Error::from_raw_os_error(r as i32)),
    }
}

/// Read back for `owner_only`'s test, on Windows alone.
#[cfg(test)]
pub mod read_back {
    use super::CurrentUser;
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr::null_mut;
    use windows_sys::Win32::Foundation::{ERROR_SUCCESS, LocalFree};
    use windows_sys::Win32::Security::Authorization::{GetNamedSecurityInfoW, SE_FILE_OBJECT};
    use windows_sys::Win32::Security::{
        ACCESS_ALLOWED_ACE, ACL, DACL_SECURITY_INFORMATION, EqualSid, GetAce,
        GetSecurityDescriptorControl, PSECURITY_DESCRIPTOR, SE_DACL_PROTECTED,
    };

    /// `ACCESS_ALLOWED_ACE_TYPE` (in a module of windows-sys this crate does not enable).
    pub const ACCESS_ALLOWED: u8 = 0;

    /// What the DACL of `path` says: protected or not, and its entries as (type, flags,
    /// mask, whether the SID is the current user's).
    pub fn dacl_of(path: &Path) -> (bool, Vec<(u8, u8, u32, bool)>) {
        let wide: Vec<u16> = path.as_os_str().encode_wide().chain([0]).collect();
        let mut dacl: *mut ACL = null_mut();
        let mut sd: PSECURITY_DESCRIPTOR = null_mut();
        // SAFETY: `wide` is NUL-terminated; the DACL and descriptor pointers are valid out
        // places; the descriptor is freed below with `LocalFree`.
        let r = unsafe {
            GetNamedSecurityInfoW(
                wide.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION,
                null_mut(),
                null_mut(),
                &raw mut dacl,
                null_mut(),
                &raw mut sd,
            )
        };
        assert_eq!(r, ERROR_SUCCESS, "GetNamedSecurityInfoW({path:?})");
        assert!(!dacl.is_null(), "a null DACL lets everyone in");
        let user = CurrentUser::get().unwrap();
        let (mut control, mut revision) = (0u16, 0u32);
        // SAFETY: `sd` is the descriptor just read; the out places are live locals.
        let got = unsafe { GetSecurityDescriptorControl(sd, &raw mut control, &raw mut revision) };
        assert_ne!(got, 0);
        // SAFETY: `dacl` points into `sd`, alive until the `LocalFree` below.
        let count = unsafe { (*dacl).AceCount };
        let mut aces = Vec::new();
        for i in 0..u32::from(count) {
            let mut ace = null_mut();
            // SAFETY: `i` is below the ACL's count; `ace` is a valid out place.
            assert_ne!(unsafe { GetAce(dacl, i, &raw mut ace) }, 0);
            // SAFETY: every ACE begins with a header; only allowed-ACEs are read further.
            let ace = unsafe { &*ace.cast::<ACCESS_ALLOWED_ACE>() };
            let mine = ace.Header.AceType == ACCESS_ALLOWED
                // SAFETY: an allowed-ACE's SID starts at `SidStart`; the user's is valid.
                && unsafe { EqualSid((&raw const ace.SidStart).cast_mut().cast(), user.sid()) } != 0;
            aces.push((ace.Header.AceType, ace.Header.AceFlags, ace.Mask, mine));
        }
        // SAFETY: `sd` was allocated by `GetNamedSecurityInfoW` for the caller to free.
        unsafe { LocalFree(sd) };
        (control & SE_DACL_PROTECTED != 0, aces)
    }
}

/// Keeps the `len` bytes at `at` out of the page file where the working set allows (best
/// effort).
pub fn keep_out_of_swap(at: *const u8, len: usize) {
    // SAFETY: VirtualLock only changes how the pages holding the range are paged; the range is
    // the caller's live allocation.
    let _ = unsafe { windows_sys::Win32::System::Memory::VirtualLock(at.cast(), len) };
}
