/** What a security PC's authentication device holds (its own module so the check and the lab share it without a cycle). */

/**
 * The authentication device of a security PC (docs/pki.md). Every field is a real piece of the device's state:
 * the PKI check reads these, so a fault is injected by changing them, never by a flag that names a code. It lives on
 * the PC (the simulated fleet's state), never in the managing server's record of the host.
 */
export interface AuthDevice {
	/** Fingerprint of the certification office the PC's PKI environment is configured for. */
	pkiOffice: string;
	/** Memory the device can give to authentication, bytes. */
	freeMemoryBytes: number;
	/** The device certificate (PEM), null when the device holds none. */
	deviceCertPem: string | null;
	/** The device's copy of the certification office's CA certificate (PEM), null when missing. */
	caCertPem: string | null;
	/**
	 * Bytes the device's download channel corrupts: offsets into the payload that arrive flipped (XOR 0xff).
	 * Empty on a healthy device; `rim lab fault HOST tampered-data` adds one.
	 */
	corruptPayloadOffsets: number[];
}
