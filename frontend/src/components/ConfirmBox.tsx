import { useId, type ReactNode } from 'react'

// ConfirmBox asks before something that cannot be taken back: an alertdialog
// named by its title and described by its text; Escape takes the safe
// choice. The buttons (the safe one with autoFocus) are the children.
export default function ConfirmBox({ title, text, onEscape, children, before }: { title: string; text: ReactNode; onEscape: () => void; children: ReactNode; before?: ReactNode }) {
  const id = useId()
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onKeyDown={(e) => e.key === 'Escape' && onEscape()}
    >
      <h4 id={`${id}-title`}>{title}</h4>
      {before}
      <p id={`${id}-text`}>{text}</p>
      <div className="row">{children}</div>
    </div>
  )
}
