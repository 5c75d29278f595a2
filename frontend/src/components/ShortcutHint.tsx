// ShortcutHint shows a control's Alt+key inside the control itself, so it
// moves and disappears with it and never covers anything. Screen readers
// get the shortcut from aria-keyshortcuts instead, so it is hidden from them
// (and kept out of the control's accessible name).
export default function ShortcutHint({ k }: { k: string }) {
  return (
    <kbd className="shortcut-hint" aria-hidden="true" translate="no">
      Alt+{k.toUpperCase()}
    </kbd>
  )
}
