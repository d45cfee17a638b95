/* Test support for the sanitizer build only: makes dlclose() a no-op.
 *
 * Mesa and SDL dlopen their drivers and unload them at exit, before
 * LeakSanitizer looks. Their process-lifetime allocations then show up with
 * "<unknown module>" frames that no suppression can name. Keeping the
 * libraries mapped lets LeakSanitizer attribute those leaks to the system
 * libraries listed in tests/lsan.supp, while leaks in Wellspring's own code
 * are still reported. Preloaded by tools/check.sh, never shipped. */
int dlclose(void *handle);

int dlclose(void *handle)
{
    (void)handle;
    return 0;
}
