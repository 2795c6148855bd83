import type { SecretStoreView } from '../../src-preload/contract'
import { safeStorage } from 'electron'
import type { SecretBox } from '../sources/secret-box'

/**
 * Source credentials sealed by the OS keychain through Electron's safeStorage. It takes no
 * associated data, and on macOS and Linux (AES-CBC) detects no change to a blob: the binding
 * to the source and the digest that sealed.ts puts inside the sealed text stand in for both.
 */
export class SafeStorageSecretBox implements SecretBox {
  seal(plain: string): Buffer {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('the operating system offers no encryption for stored credentials')
    return safeStorage.encryptString(plain)
  }

  open(sealed: Buffer): string {
    return safeStorage.decryptString(sealed)
  }

  describe(): SecretStoreView {
    // On Linux without a keyring, Electron falls back to a hard-coded key ("basic_text").
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
    const weak = backend === 'basic_text'
    return { store: 'os-keychain', detail: `Electron safeStorage (${backend})`, weak }
  }
}
