import { Children, Fragment, type ReactNode } from 'react'

// Path shows a file or folder path that is never translated and that wraps
// only after a separator (a <wbr> after each / or \), not in the middle of a
// folder's name.
export default function Path({ children, className = 'path' }: { children?: ReactNode; className?: string }) {
  return (
    <span className={className} translate="no">
      {Children.toArray(children).map((c, i) => (typeof c === 'string' ? <Fragment key={i}>{breakable(c)}</Fragment> : c))}
    </span>
  )
}

// Each part keeps together (CSS .path-part: nowrap, so not even at a "-" in
// "mahall-backups"); the lines break at the <wbr> between parts.
function breakable(path: string): ReactNode[] {
  return path.split(/(?<=[/\\])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      <span className="path-part">{part}</span>
    </Fragment>
  ))
}
