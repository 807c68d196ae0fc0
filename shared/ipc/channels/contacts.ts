// Channel names of the contacts domain: contract/contacts.ts is keyed by the same names.
export const CONTACTS_INVOKE = ['contacts.groups', 'contacts.createGroup', 'contacts.renameGroup', 'contacts.deleteGroup', 'contacts.members', 'contacts.findMember', 'contacts.removeMember', 'contacts.pickImportFile', 'contacts.previewImport', 'contacts.import', 'contacts.export'] as const;
export const CONTACTS_EVENTS = [] as const;
