/**
 * Where the shell finds the view of a service's page: `src/app/pages/<Name>Page.tsx` exporting `<Name>Page`
 * (`ImagePage` for `image`). The shell's menu and the installed app's shortcuts both read this one name, so a
 * service whose descriptor asks for a page but has no view yet gets neither, rather than a link to "not found".
 * No React here: the PWA plugin reads it in Node at build time.
 */
export function serviceViewName(service: string): string {
  return `${service.split(/[-_]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')}Page`;
}
