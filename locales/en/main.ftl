# Sankofa — English messages.

## Layout
skip-to-content = Skip to main content
nav-label = Main
nav-my-area = My area
nav-account = Account
nav-logout = Log out
nav-login = Log in
nav-signup = Sign up
footer-language = Language:
footer-privacy = Privacy notice
footer-tagline = Sankofa connects diaspora health professionals with health facilities in their countries of origin.

## Landing page
landing-title = Diaspora health professionals and facilities, matched
landing-heading = Bring your skills back home, on site or from afar
landing-lead = Sankofa is a registry of diaspora doctors, nurses, midwives and other health workers, and a way for health facilities in their countries of origin to ask for their help through programmes such as IOM's Migration for Development in Africa.
landing-professionals-title = For health professionals abroad
landing-professionals-body = Register your profession, skills, licences and when you are free. Take short assignments on site, or give virtual sessions, teaching and advice from where you live.
landing-professionals-action = Sign up as a professional
landing-facilities-title = For hospitals, clinics and schools
landing-facilities-body = Post what you need: the skills, the dates, on site or virtual, and the support you offer. Once a programme coordinator verifies your facility, your requests are matched with registered professionals.
landing-facilities-action = Register a facility
landing-coordinators-title = For programme coordinators
landing-coordinators-body = Verify facilities and licences, review every proposed match with its reasons, approve, and follow each assignment to its report. Coordinators are invited by an administrator.
landing-how-title = How it works
landing-how-1 = Professionals register their skills and availability; facilities post their needs.
landing-how-2 = The matcher proposes pairs and explains each one.
landing-how-3 = A coordinator approves; the professional and the facility both accept.
landing-how-4 = The assignment takes place and its results are reported and counted.
landing-have-account = Already registered?

## Privacy notice
privacy-title = Privacy notice
privacy-intro = Sankofa holds personal and professional information about health workers and the staff of health facilities. This notice says what we keep, why, and what you can do about it.
privacy-what-title = What we keep
privacy-what-body = Your name, email address, preferred language and password (stored only as a strong one-way hash). Later, for professionals: profession, skills, languages, licences, availability and consents; for facilities: the facility's name, type and location. We also keep a record of security events such as logins, with the network address they came from.
privacy-why-title = Why
privacy-why-body = To match professionals with assignments they are fit for, to let programme coordinators verify facilities and licences, to send you the emails your account needs, and to count, without naming anyone, how the diaspora health workforce contributes.
privacy-who-title = Who sees it
privacy-who-body = Your profile is private by default. Coordinators of the programmes that cover your country see what they need to verify and approve. A facility sees your contact details and licences only after a coordinator has approved a match with it and you have agreed to share them. Public statistics never show a count below 5.
privacy-rights-title = Your rights
privacy-rights-body = You can see and correct your information, download all of it, withdraw a consent at any time, and delete your account. When an account is deleted its personal data are erased; completed assignments stay in the statistics under an anonymous token.
privacy-security-title = Security
privacy-security-body = Connections are encrypted, sessions end after 12 hours, and you can log out of every device at once from your account page.

## Errors
error-prefix = Error:
error-summary-title = There is a problem
error-home-link = Go to the home page
error-request-id = Request reference:
error-status = Status { $status }
error-retry-after = Please try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
error-400-title = This request could not be understood
error-400-body = Please go back, check what you entered and try again.
error-403-title = You cannot open this page
error-403-body = Your account does not give access to this page. If you think it should, contact your programme coordinator.
error-404-title = Page not found
error-404-body = The page you asked for does not exist, or you are not allowed to see it. Check the address, or start again from the home page.
error-405-title = This action is not available here
error-405-body = Please go back and use the buttons on the page.
error-413-title = Too much data was sent
error-413-body = What you sent is larger than this form accepts. Please shorten it and try again.
error-429-title = Too many attempts
error-429-body = For your security, we have paused further attempts from this connection for a short while.
error-500-title = Sorry, something went wrong
error-500-body = The problem has been recorded. Please try again in a moment. If it keeps happening, give the reference below to your administrator.
error-503-title = Sankofa is temporarily unavailable
error-503-body = We cannot reach our database right now. Nothing you entered before has been lost. Please try again in a few seconds.
error-csrf-title = This form has expired
error-csrf-body = For your security, forms only work for a limited time and only from this site. Please go back, reload the page and submit it again.
error-link-title = This link has expired or has already been used
error-link-body = Links sent by email work for a limited time and some work only once. You can ask for a new one: log in to resend a verification email, or use "Forgot your password?" on the login page.
error-wrong-account-title = This link is for another account
error-wrong-account-body = You are logged in to a different account than the one this link was sent for. Log out, then open the link again and log in with the account it is for.
error-conflict-title = This cannot be done now
error-conflict-body = Something changed in the meantime. Please reload the page and try again.

## Field messages
err-required = Enter this information
err-too-long = Use { $max } characters or fewer
err-email-malformed = Enter an email address in the form name@example.org
err-password-short = Use at least { $min } characters
err-password-common = This password is too common and easy to guess; choose another
err-password-mismatch = The two passwords do not match
err-control-chars = Remove the line breaks and special characters
err-choose-option = Choose one of the options
err-privacy-required = You need to accept the privacy notice to register
err-country-unknown = Choose a country from the list
err-current-password-wrong = Your current password is not correct

## Form fields
field-email = Email address
field-email-hint = We will send a link to this address to check it is yours.
field-password = Password
field-new-password = New password
field-password-hint = At least 12 characters. A few unrelated words make a strong password you can remember.
field-password-confirm = Confirm your password
field-new-password-confirm = Confirm your new password
field-current-password = Current password
field-full-name = Full name
field-locale = Language for pages and emails
field-choose = Choose…
field-facility-name = Name of the facility
field-facility-kind = Type of facility
field-country = Country
field-region = Region or province
field-city = City or town
field-privacy = I have read and accept the
field-privacy-link = privacy notice

## Notices
notice-password-reset = Your password has been changed. Log in with your new password.
notice-password-changed = Your password has been changed. You have been logged out of every other device.
notice-logged-out = You have logged out.
notice-logged-out-everywhere = You have been logged out of every device.
notice-verification-sent = We have sent you a new verification email.
notice-email-verified = Your email address is verified.
notice-verify-login = Log in to confirm your email address.

## Login
login-title = Log in
login-failed-title = Login failed
login-failed-body = The email address or the password is not correct.
login-submit = Log in
login-forgot = Forgot your password?
login-no-account = No account yet?

## Sign-up
signup-choice-title = Sign up
signup-choice-professional = You are a doctor, nurse, midwife or other health worker living abroad and would like to contribute to health care in your country of origin.
signup-choice-facility = You work for a hospital, clinic, teaching institution or health ministry unit that needs skills the diaspora can bring.
signup-choice-coordinator = Programme coordinators do not sign up here: an administrator invites them.
signup-professional-title = Sign up as a health professional
signup-professional-lead = Create your account. After you confirm your email address, you can complete your profile.
signup-facility-title = Register a health facility
signup-facility-lead = Create your staff account and tell us about your facility. A programme coordinator will verify it before you can post assignments.
signup-you = About you
signup-facility-legend = Your facility
signup-facility-pending = The facility will be pending verification until a coordinator of a programme covering its country checks it. We will email you.
signup-submit = Create my account
signup-have-account = Already have an account?
signup-sent-title = Check your email
signup-sent-body = If the address you gave can be used, we have sent a message to it with a link to confirm it. The link works for 48 hours.
signup-sent-spam = If nothing arrives within a few minutes, look in your spam folder.

facility-kind-hospital = Hospital
facility-kind-health_centre = Health centre
facility-kind-clinic = Clinic
facility-kind-teaching_institution = Teaching institution
facility-kind-ministry_unit = Ministry of health unit
facility-kind-other = Other

facility-status-pending = Pending verification
facility-status-verified = Verified
facility-status-rejected = Not verified

## Email verification
verify-title = Confirm your email address
verify-body = Press the button to confirm that this email address is yours.
verify-submit = Confirm my email address
verify-done-title = Your email address is confirmed
verify-done-body = Thank you. Sankofa can now write to you at this address.

## Forgotten password
forgot-title = Forgot your password?
forgot-lead = Enter the email address of your account. If it has an account, we will send it a link to choose a new password.
forgot-submit = Send me a link
forgot-sent-title = Check your email
forgot-sent-body = If this address has an account, we have sent it a link to choose a new password. The link works for one hour, once.
reset-title = Choose a new password
reset-submit = Save my new password

## Account
account-title = Your account
account-email-verified = Verified
account-email-unverified = Not verified yet
account-role = Role
account-password-title = Change your password
account-password-sessions = Changing your password logs you out of every other device.
account-password-submit = Change my password
account-sessions-title = Devices
account-sessions-body = If you used Sankofa on a shared or lost device, log out everywhere. You will need to log in again here too.
account-sessions-submit = Log out of every device

role-professional = Health professional
role-facility = Facility staff
role-coordinator = Programme coordinator
role-admin = Administrator

## Areas
area-welcome = Welcome, { $name }.
area-verify-banner = Please confirm your email address: we sent a link to { $email }.
area-verify-resend = Send the link again
area-professional-title = Professional area
area-professional-body = Your account is ready. From your account page you can change your password and log out of other devices.
area-facility-title = Facility area
area-facility-yours = Your facility
area-facility-pending = A programme coordinator will verify this facility. We will email you when it is done.
area-coordinator-title = Coordinator area
area-coordinator-body = Your account is ready. From your account page you can change your password and log out of other devices.
area-admin-title = Administration
admin-outbox-title = Email outbox
admin-outbox-pending = Waiting to be sent
admin-outbox-parked = Refused by the mail server
admin-audit-title = Latest audit entries
admin-audit-when = When
admin-audit-action = Action
admin-audit-object = Record
admin-audit-actor = By
admin-audit-from = From

## Emails
email-greeting = Hello { $name },
email-signature = The Sankofa team
email-not-you = If you did not ask for this, you can ignore this message.
email-verify-subject = Confirm your email address for Sankofa
email-verify-body = Thank you for registering with Sankofa. Please confirm that this email address is yours.
email-verify-action = Confirm my email address
email-verify-expiry = This link works for 48 hours. You will be asked to log in first.
email-account-exists-subject = Someone tried to register with your email address
email-account-exists-body = Someone, perhaps you, tried to create a Sankofa account with this email address. You already have an account, so nothing was changed.
email-account-exists-action = Log in
email-account-exists-reset = If you have forgotten your password, use "Forgot your password?" on the login page.
email-reset-subject = Choose a new Sankofa password
email-reset-body = We received a request to choose a new password for your Sankofa account.
email-reset-action = Choose a new password
email-reset-expiry = This link works once, for one hour.
email-password-changed-subject = Your Sankofa password was changed
email-password-changed-body = The password of your Sankofa account has just been changed.
email-password-changed-sessions = For your security, every device that was logged in has been logged out.
email-password-changed-action = It was not me: reset my password

## Audit log words
error-summary-item = { $field }: { $message }
audit-action-user_signed_up = Signed up
audit-action-facility_registered = Facility registered
audit-action-signup_existing_email = Sign-up with an existing address
audit-action-email_verified = Email verified
audit-action-verification_resent = Verification email sent again
audit-action-login = Logged in
audit-action-login_failed = Login failed
audit-action-logout_everywhere = Logged out everywhere
audit-action-password_reset_requested = Password reset asked for
audit-action-password_reset = Password reset
audit-action-password_changed = Password changed
audit-action-admin_created = Administrator created
audit-action-demo_account_created = Demonstration account created
audit-action-access_refused = Access refused
audit-action-locale_changed = Language changed
audit-object-user = Account
audit-object-facility = Facility
audit-object-path = Page

## Professional profile
profile-title = Your profile
profile-work-title = Profession and experience
profile-place-title = Where you come from and live
profile-languages-title = Languages
profile-not-given = Not given yet
profile-edit-work = Edit profession and experience
profile-edit-place = Edit where you come from and live
profile-edit-languages = Edit languages
profile-back = Back to your profile
profile-save = Save
profile-add = Add
profile-remove = Remove
profile-add-language = Add a language
profile-no-languages = You have not listed a language yet.
profile-link = Complete your profile
notice-profile-saved = Your profile has been saved.
notice-language-saved = The language has been saved.
notice-language-removed = The language has been removed.
readiness-title = Before you can be matched
readiness-lead = Still missing before a coordinator's matcher can consider you:
readiness-ready = Your profile is ready: you can be matched to assignments.
readiness-soon = (available soon)
readiness-verified_email = Confirm your email address
readiness-profession = Choose your profession
readiness-language = List at least one language
readiness-future_availability = Add an availability window in the future
readiness-matching_consent = Agree to be matched
readiness-verified_licence = Have a licence verified, since you want clinical assignments
field-profession = Profession
field-specialties = Specialties
field-specialties-hint = Choose up to 10.
field-years-experience = Years of experience
field-skills = Skills
field-skills-hint = Separate skills with commas, for example: neonatal resuscitation, ultrasound.
field-wants-clinical = I want assignments that involve clinical practice (a verified licence is then needed)
field-bio = Short biography
field-bio-hint = Up to 2,000 characters.
field-origin-country = Country of origin
field-residence = Residence
field-residence-country = Country of residence
field-residence-city = City of residence
field-residence-status = Legal residence status
field-time-zone = Time zone
field-time-zone-list = Time zones of your country of residence
field-time-zone-other = Or another time zone
field-time-zone-typed = Time zone
field-time-zone-hint = An IANA name such as Europe/London or America/Toronto.
field-language = Language
field-language-level = Level
field-language-level-hint = Basic, then conversational, professional (you can work in it) and native.
residence-status-citizen = Citizen
residence-status-permanent_resident = Permanent resident
residence-status-work_permit = Work permit
residence-status-other = Other
language-level-basic = Basic
language-level-conversational = Conversational
language-level-professional = Professional
language-level-native = Native
err-choice-unknown = Choose one of the options in the list
err-number-range = Enter a whole number from { $min } to { $max }
err-too-many = Choose or enter { $max } at most
err-skill-too-long = Keep each skill to { $max } characters or fewer
err-time-zone-unknown = Enter a time zone from the IANA list, such as Africa/Accra
yes = Yes
no = No
profession-1342 = Health services manager
profession-2211 = Generalist medical practitioner
profession-2212 = Specialist medical practitioner
profession-2221 = Nursing professional
profession-2222 = Midwifery professional
profession-2240 = Paramedical practitioner
profession-2261 = Dentist
profession-2262 = Pharmacist
profession-2263 = Environmental and occupational health professional
profession-2264 = Physiotherapist
profession-2265 = Dietician or nutritionist
profession-2266 = Audiologist or speech therapist
profession-2267 = Optometrist
profession-2269 = Health professional not elsewhere classified
profession-2310 = University teacher in the health sciences
profession-2634 = Psychologist
profession-3211 = Medical imaging or therapeutic equipment technician
profession-3212 = Medical or pathology laboratory technician
profession-3213 = Pharmaceutical technician
profession-3221 = Nursing associate professional
profession-3222 = Midwifery associate professional
profession-3256 = Medical assistant
profession-3258 = Ambulance worker
consents-title = Your consents
consents-lead = Each consent is separate, and you can withdraw it at any time with one button. Every change is dated and kept below.
consents-history = History of your consents
consents-history-empty = You have not given any consent yet.
consents-kind = Consent
consents-version = Text version
consents-given-at = Given
consents-withdrawn-at = Withdrawn
consent-matching-title = To be matched
consent-matching-text = Programme coordinators may consider my profile when they match professionals to assignments. Without this consent the matcher never proposes me.
consent-share_profile-title = To share my profile with a facility
consent-share_profile-text = Once a coordinator has approved a match between me and a facility, that facility may see my contact details, my profile and my licences.
consent-statistics-title = To be counted in public statistics
consent-statistics-text = I may be counted in the public statistics of the diaspora health workforce. They never show a count under 5 and never a single person.
consent-given = Given
consent-not-given = Not given
consent-given-since = since { $when }
consent-give = Give this consent
consent-withdraw = Withdraw this consent
notice-consent-give = Your consent has been recorded.
notice-consent-withdraw = Your consent has been withdrawn.
profile-consents-title = Consents
profile-edit-consents = See and change your consents
