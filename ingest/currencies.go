package ingest

import "strings"

// activeCurrencies are the ISO 4217 codes in circulation (list one, 2025),
// less the precious-metal, testing and "no currency" codes (XAU, XTS, XXX,
// ...) that no channel pays in.
const activeCurrencies = `AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB
BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP
DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR
ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND
TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER
ZAR ZMW ZWG`

// withdrawnCurrencies are codes retired recently enough to appear in the
// ECB's historical rates file and in years-old reports: the pre-euro
// currencies the ECB still lists (CYP ... HRK) and recent redenominations.
const withdrawnCurrencies = `ANG BYR CUC CYP EEK HRK LTL LVL MRO MTL ROL SIT SKK SLL STD TRL VEF ZWL`

// currencies maps each accepted code to itself: the lookup both validates
// and hands back a string that does not pin the file's text. Built once at
// start-up and only read afterwards.
var currencies = func() map[string]string {
	m := make(map[string]string)
	for _, c := range strings.Fields(activeCurrencies + " " + withdrawnCurrencies) {
		m[c] = c
	}
	return m
}()
