// @types/node-forge 1.3.14 lacks these members of node-forge 1.4.3 (docs/pki.md, Implementation notes).
import 'node-forge';

declare module 'node-forge' {
	namespace pki {
		const certificateError: {
			bad_certificate: string;
			unsupported_certificate: string;
			certificate_revoked: string;
			certificate_expired: string;
			certificate_unknown: string;
			unknown_ca: string;
		};
		function getTBSCertificate(cert: Certificate): asn1.Asn1;
		function getCertificationRequestInfo(csr: CertificateRequest): asn1.Asn1;
	}
	const options: {usePureJavaScript: boolean};
}
